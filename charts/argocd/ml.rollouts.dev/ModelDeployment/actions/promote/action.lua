-- Argo CD action "promote" for ml.rollouts.dev/ModelDeployment: Promote the canary to the next step (skips a pause; blue-green: switches to the preview).
-- Sets the one-shot annotation ml.rollouts.dev/action that the operator applies and then removes.
if obj.metadata.annotations == nil then
  obj.metadata.annotations = {}
end
obj.metadata.annotations["ml.rollouts.dev/action"] = "promote"
return obj
