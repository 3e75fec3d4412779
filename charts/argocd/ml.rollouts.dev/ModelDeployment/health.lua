-- Argo CD health check for ml.rollouts.dev/ModelDeployment (Model Rollouts operator).
-- Argo CD runs it in Lua 5.1 with only the base, table and os libraries: no string library here.
-- Input: the live object as `obj`. Output: {status = Healthy|Progressing|Suspended|Degraded, message = ...}.
--   no status / observedGeneration < generation  -> Progressing (the operator has not seen the spec yet)
--   condition InvalidSpec=True                    -> Degraded, with the condition's message
--   phase Healthy                                 -> Healthy
--   phase Pending or Progressing                  -> Progressing
--   phase Paused                                  -> Suspended (manual pause, pause step, inconclusive analysis)
--   phase Degraded                                -> Degraded (rolled back, invalid spec, stable unavailable)
local hs = {}

local function condition(status, conditionType)
  if status.conditions == nil then
    return nil
  end
  for _, c in ipairs(status.conditions) do
    if c.type == conditionType then
      return c
    end
  end
  return nil
end

-- "canary v2 at 20% (step 2)" from the status fields that are present; nil when no rollout runs.
local function rollout(status)
  if status.canaryVersion == nil then
    return nil
  end
  local text = "canary " .. tostring(status.canaryVersion)
  if status.canaryWeight ~= nil then
    text = text .. " at " .. tostring(status.canaryWeight) .. "%"
  end
  if status.currentStepIndex ~= nil then
    text = text .. " (step " .. tostring(status.currentStepIndex) .. ")"
  end
  return text
end

local function describe(status, fallback)
  local parts = {}
  local r = rollout(status)
  if r ~= nil then
    table.insert(parts, r)
  end
  if status.message ~= nil and status.message ~= "" then
    table.insert(parts, status.message)
  end
  if #parts == 0 then
    return fallback
  end
  return table.concat(parts, ": ")
end

local status = obj.status
if status == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to report status"
  return hs
end

local generation = obj.metadata.generation
if generation ~= nil and (status.observedGeneration == nil or status.observedGeneration < generation) then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to observe generation " .. tostring(generation)
  return hs
end

local invalid = condition(status, "InvalidSpec")
if invalid ~= nil and invalid.status == "True" then
  hs.status = "Degraded"
  hs.message = invalid.message or status.message or "The spec is invalid"
  return hs
end

local phase = status.phase
if phase == "Healthy" then
  hs.status = "Healthy"
  if status.stableVersion ~= nil then
    hs.message = "Serving " .. tostring(status.stableVersion)
  else
    hs.message = status.message or "Healthy"
  end
  return hs
end

if phase == "Paused" then
  hs.status = "Suspended"
  hs.message = describe(status, "Rollout paused")
  return hs
end

if phase == "Degraded" then
  hs.status = "Degraded"
  local message = status.message
  if message == nil or message == "" then
    local rolledBack = condition(status, "RolledBack")
    if rolledBack ~= nil and rolledBack.status == "True" then
      message = rolledBack.message
    end
  end
  hs.message = message or "Degraded"
  return hs
end

-- Pending, Progressing, or no phase yet.
hs.status = "Progressing"
hs.message = describe(status, "Rollout in progress")
return hs
