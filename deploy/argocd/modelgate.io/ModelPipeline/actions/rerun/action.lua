-- Runs the serving revision's training again from its frozen spec, on the data version it recorded
-- (trigger Rerun, DATA_VERSION), as `kubectl modelgate rerun <revision>` does.
-- Writes the annotation modelgate.io/action: rerun:<status.stableRevision>, which the operator takes and
-- removes once handled. Without a serving revision there is nothing to rerun: the object is returned unchanged.
if obj.status == nil or obj.status.stableRevision == nil or obj.status.stableRevision == "" then
  return obj
end
if obj.metadata.annotations == nil then
  obj.metadata.annotations = {}
end
obj.metadata.annotations["modelgate.io/action"] = "rerun:" .. obj.status.stableRevision
return obj
