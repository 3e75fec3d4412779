-- Argo CD action discovery for ml.rollouts.dev/ModelDeployment. Lists every action the Model Rollouts operator
-- understands (annotation ml.rollouts.dev/action), disabled where it would do nothing:
--   promote, promote-full, abort  while a rollout runs (phase Progressing or Paused with a canary version)
--   pause                         while a rollout runs and was not paused by the pause action
--   resume                        after the pause action, or while an Inconclusive/Error analysis holds the
--                                 rollout (an indefinite pause step waits for promote, not resume)
--   retry                         after an abort (status.abortedRevision set, or condition RolledBack=True)
-- While condition InvalidSpec is True every action is disabled: the operator acts on no annotation until the
-- spec is fixed.
-- Lua 5.1, base and table libraries only.
local actions = {}
actions["promote"] = {["disabled"] = true}
actions["promote-full"] = {["disabled"] = true}
actions["abort"] = {["disabled"] = true}
actions["retry"] = {["disabled"] = true}
actions["pause"] = {["disabled"] = true}
actions["resume"] = {["disabled"] = true}

local status = obj.status
if status == nil then
  return actions
end

local function conditionTrue(conditionType)
  if status.conditions == nil then
    return false
  end
  for _, c in ipairs(status.conditions) do
    if c.type == conditionType then
      return c.status == "True"
    end
  end
  return false
end

if conditionTrue("InvalidSpec") then
  return actions
end

local phase = status.phase
local rolling = status.canaryVersion ~= nil and (phase == "Progressing" or phase == "Paused")
local manuallyPaused = status.manuallyPaused == true
local analysisHolds = phase == "Paused" and status.analysis ~= nil
  and (status.analysis.phase == "Inconclusive" or status.analysis.phase == "Error")

if rolling then
  actions["promote"]["disabled"] = false
  actions["promote-full"]["disabled"] = false
  actions["abort"]["disabled"] = false
  if not manuallyPaused then
    actions["pause"]["disabled"] = false
  end
end
if manuallyPaused or analysisHolds then
  actions["resume"]["disabled"] = false
end
if status.abortedRevision ~= nil or (phase == "Degraded" and conditionTrue("RolledBack")) then
  actions["retry"]["disabled"] = false
end
return actions
