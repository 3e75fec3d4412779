-- Argo CD action "resume" for ml.rollouts.dev/ModelDeployment: Resume a paused rollout.
-- Sets the one-shot annotation ml.rollouts.dev/action that the operator applies and then removes.
if obj.metadata.annotations == nil then
  obj.metadata.annotations = {}
end
obj.metadata.annotations["ml.rollouts.dev/action"] = "resume"
return obj
