-- Argo CD action "pause" for ml.rollouts.dev/ModelDeployment: Pause the rollout where it is (cleared by resume or promote).
-- Sets the one-shot annotation ml.rollouts.dev/action that the operator applies and then removes.
if obj.metadata.annotations == nil then
  obj.metadata.annotations = {}
end
obj.metadata.annotations["ml.rollouts.dev/action"] = "pause"
return obj
