-- Argo CD action "retry" for ml.rollouts.dev/ModelDeployment: Retry a rollout that was aborted (the same revision starts again from the first step).
-- Sets the one-shot annotation ml.rollouts.dev/action that the operator applies and then removes.
if obj.metadata.annotations == nil then
  obj.metadata.annotations = {}
end
obj.metadata.annotations["ml.rollouts.dev/action"] = "retry"
return obj
