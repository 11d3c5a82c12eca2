-- Pauses the pipeline: nothing new is created and no revision advances (spec.paused: true).
obj.spec.paused = true
return obj
