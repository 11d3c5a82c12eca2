-- Creates a new revision from the same spec (trigger Retrain), like a scheduled tick.
-- Writes the annotation modelgate.io/action: retrain, which the operator takes and removes once handled.
if obj.metadata.annotations == nil then
  obj.metadata.annotations = {}
end
obj.metadata.annotations["modelgate.io/action"] = "retrain"
return obj
