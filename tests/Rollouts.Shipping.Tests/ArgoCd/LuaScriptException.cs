namespace Rollouts.Shipping.Tests.ArgoCd;

/// <summary>A Lua script raised an error in the Argo CD sandbox.</summary>
public sealed class LuaScriptException(string message) : Exception(message);
