-- Argo CD resource actions of a modelgate.io ModelPipeline. Each one writes what the operator
-- honours and nothing else:
--   promote, abort, retrain  the annotation modelgate.io/action (the operator removes it once handled)
--   rerun                    the same annotation, rerun:<the serving revision>
--   pause, resume            spec.paused
-- promote and abort apply to the newest revision while it rolls out (or waits for a manual
-- promote); an action already waiting in the annotation is disabled until the operator takes it.
-- Portable on purpose: Lua 5.1 syntax (Argo CD runs gopher-lua), base functions only.

local ACTION_ANNOTATION = "modelgate.io/action"

local pending = nil
if obj.metadata ~= nil and obj.metadata.annotations ~= nil then
  pending = obj.metadata.annotations[ACTION_ANNOTATION]
end

local paused = obj.spec ~= nil and obj.spec.paused == true

-- The newest revision's phase, from the pipeline's own history.
local newestPhase = nil
local waitingForPromotion = false
if obj.status ~= nil then
  if obj.status.currentRevision ~= nil and obj.status.history ~= nil then
    for _, entry in ipairs(obj.status.history) do
      if entry.name == obj.status.currentRevision then
        newestPhase = entry.phase
      end
    end
  end
  if obj.status.conditions ~= nil then
    for _, condition in ipairs(obj.status.conditions) do
      if condition.type == "Progressing" and condition.reason == "WaitingForPromotion" then
        waitingForPromotion = true
      end
    end
  end
end
local rollingOut = newestPhase == "RollingOut" or waitingForPromotion

local stable = nil
if obj.status ~= nil and obj.status.stableRevision ~= nil and obj.status.stableRevision ~= "" then
  stable = obj.status.stableRevision
end

local actions = {}
actions["promote"] = {["disabled"] = not rollingOut or pending == "promote", ["displayName"] = "Promote revision"}
actions["abort"] = {["disabled"] = not rollingOut or pending == "abort", ["displayName"] = "Abort rollout"}
actions["retrain"] = {["disabled"] = pending == "retrain", ["displayName"] = "Retrain"}
actions["rerun"] = {["disabled"] = stable == nil or pending == "rerun:" .. stable, ["displayName"] = "Rerun the serving revision"}
actions["pause"] = {["disabled"] = paused, ["displayName"] = "Pause"}
actions["resume"] = {["disabled"] = not paused, ["displayName"] = "Resume"}
return actions
