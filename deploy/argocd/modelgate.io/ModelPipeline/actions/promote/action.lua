-- Promotes the revision rolling out to all traffic (or past its manual-promote step).
-- Writes the annotation modelgate.io/action: promote, which the operator takes and removes once handled.
if obj.metadata.annotations == nil then
  obj.metadata.annotations = {}
end
obj.metadata.annotations["modelgate.io/action"] = "promote"
return obj
