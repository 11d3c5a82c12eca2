-- Resumes the pipeline (spec.paused: false).
obj.spec.paused = false
return obj
