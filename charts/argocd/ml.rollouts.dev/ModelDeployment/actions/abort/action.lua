-- Argo CD action "abort" for ml.rollouts.dev/ModelDeployment: Abort the rollout: traffic goes back to the stable version.
-- Sets the one-shot annotation ml.rollouts.dev/action that the operator applies and then removes.
if obj.metadata.annotations == nil then
  obj.metadata.annotations = {}
end
obj.metadata.annotations["ml.rollouts.dev/action"] = "abort"
return obj
