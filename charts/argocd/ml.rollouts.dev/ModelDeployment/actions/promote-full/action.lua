-- Argo CD action "promote-full" for ml.rollouts.dev/ModelDeployment: Promote the canary to 100% at once, skipping the remaining steps and analysis.
-- Sets the one-shot annotation ml.rollouts.dev/action that the operator applies and then removes.
if obj.metadata.annotations == nil then
  obj.metadata.annotations = {}
end
obj.metadata.annotations["ml.rollouts.dev/action"] = "promote-full"
return obj
