-- Rolls the revision rolling out back now; the stable revision keeps serving.
-- Writes the annotation modelgate.io/action: abort, which the operator takes and removes once handled.
if obj.metadata.annotations == nil then
  obj.metadata.annotations = {}
end
obj.metadata.annotations["modelgate.io/action"] = "abort"
return obj
