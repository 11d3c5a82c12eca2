-- Argo CD health of a modelgate.io ModelPipeline, read from the kstatus conditions the operator
-- writes (PipelineStatusFactory):
--   Ready        True when the newest revision is the one serving
--   Progressing  True while a revision is in flight; False with reason Paused when spec.paused
--   Degraded     True when the newest revision ended without serving, or the spec cannot be acted on
-- Order: paused (Suspended) > not yet observed (Progressing) > Degraded > waiting for a person
-- (Suspended) > Ready (Healthy) > Progressing.
-- Portable on purpose: Lua 5.1 syntax (Argo CD runs gopher-lua) and no standard library beyond the
-- base functions, which is all an argocd-cm health script gets unless useOpenLibs is set.

local function findCondition(status, conditionType)
  if status == nil or status.conditions == nil then
    return nil
  end
  for _, condition in ipairs(status.conditions) do
    if condition.type == conditionType then
      return condition
    end
  end
  return nil
end

local function messageOf(condition, fallback)
  if condition ~= nil and condition.message ~= nil and condition.message ~= "" then
    return condition.message
  end
  return fallback
end

local function waitingForOperator(generation)
  if generation == nil then
    return "waiting for the operator to report a status"
  end
  return "waiting for the operator to observe generation " .. tostring(generation)
end

local hs = {}
local status = obj.status
local generation = nil
if obj.metadata ~= nil then
  generation = obj.metadata.generation
end
local progressing = findCondition(status, "Progressing")

-- Paused is declared in the spec: nothing new is created and no revision advances.
if obj.spec ~= nil and obj.spec.paused == true then
  hs.status = "Suspended"
  if progressing ~= nil and progressing.reason == "Paused" then
    hs.message = messageOf(progressing, "spec.paused is true")
  else
    hs.message = "spec.paused is true; " .. waitingForOperator(generation)
  end
  return hs
end

-- A status written for an older spec says nothing about the current one.
if status == nil or (generation ~= nil and status.observedGeneration ~= generation) then
  hs.status = "Progressing"
  hs.message = waitingForOperator(generation)
  return hs
end

local ready = findCondition(status, "Ready")
local degraded = findCondition(status, "Degraded")
if ready == nil and progressing == nil and degraded == nil then
  hs.status = "Progressing"
  hs.message = "waiting for the operator to report conditions"
  return hs
end

if degraded ~= nil and degraded.status == "True" then
  hs.status = "Degraded"
  hs.message = messageOf(degraded, "the newest revision ended without serving")
  return hs
end

-- Paused by the operator, or a revision waiting for a manual promote (progressive delivery).
if progressing ~= nil and (progressing.reason == "Paused" or progressing.reason == "WaitingForPromotion") then
  hs.status = "Suspended"
  hs.message = messageOf(progressing, progressing.reason)
  return hs
end

if ready ~= nil and ready.status == "True" then
  hs.status = "Healthy"
  hs.message = messageOf(ready, "the newest revision serves")
  return hs
end

if progressing ~= nil and progressing.status == "True" then
  hs.status = "Progressing"
  hs.message = messageOf(progressing, "a revision is in flight")
  return hs
end

-- Not ready, nothing in flight, nothing failed: kstatus calls this in progress, not failed.
hs.status = "Progressing"
hs.message = messageOf(ready, "the newest revision does not serve yet")
return hs
