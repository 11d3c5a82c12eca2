-- Argo CD health of a modelgate.io ModelRevision, read from status.phase (RevisionPhase):
--   Promoted, Superseded                               Healthy
--   Pending, Validating, Training, Evaluating, Queued, RollingOut  Progressing (Suspended while the
--                                                      rollout waits for a person: status.rollout.pausedReason)
--   Rejected, Failed, RolledBack, Aborted              Degraded
--   anything else                                      Unknown (a phase newer than this check)
-- Superseded is Healthy on purpose: a newer revision replaced this one before it rolled out, which
-- is the operator doing what the spec asked, not a failure; the pipeline's own health tells whether
-- the newest revision serves. Revisions are written by the operator and shown under their pipeline;
-- Argo CD does not add a child's health to the Application's.
-- Portable on purpose: Lua 5.1 syntax (Argo CD runs gopher-lua), base functions only.

local HEALTH_OF_PHASE = {
  Pending = "Progressing",
  Validating = "Progressing",
  Training = "Progressing",
  Evaluating = "Progressing",
  Queued = "Progressing",
  RollingOut = "Progressing",
  Promoted = "Healthy",
  Superseded = "Healthy",
  Rejected = "Degraded",
  Failed = "Degraded",
  RolledBack = "Degraded",
  Aborted = "Degraded",
}

local function describe(phase, message)
  if message ~= nil and message ~= "" then
    return phase .. ": " .. message
  end
  return phase
end

local hs = {}
local status = obj.status
local generation = nil
if obj.metadata ~= nil then
  generation = obj.metadata.generation
end

if status == nil or status.phase == nil or status.phase == "" then
  hs.status = "Progressing"
  hs.message = "Pending: waiting for the operator to start this revision"
  return hs
end

-- The spec is immutable (a CEL rule), so this only guards against a status from another object.
if generation ~= nil and status.observedGeneration ~= nil and status.observedGeneration ~= generation then
  hs.status = "Progressing"
  hs.message = "waiting for the operator to observe generation " .. tostring(generation)
  return hs
end

local phase = status.phase
local health = HEALTH_OF_PHASE[phase]
if health == nil then
  hs.status = "Unknown"
  hs.message = "unknown phase " .. phase
  return hs
end

if health == "Progressing" and status.rollout ~= nil and status.rollout.pausedReason ~= nil then
  hs.status = "Suspended"
  hs.message = describe(phase, status.rollout.pausedReason)
  return hs
end

hs.status = health
if phase == "Promoted" and status.serving == false then
  hs.message = "Promoted; no longer serving: a newer revision replaced it"
else
  hs.message = describe(phase, status.message)
end
return hs
