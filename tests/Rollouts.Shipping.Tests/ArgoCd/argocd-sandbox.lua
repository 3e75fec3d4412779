-- Runs one Argo CD Lua customization the way Argo CD does (gopher-lua, Lua 5.1 dialect): the script sees the
-- live object as the global `obj` and only the base, table and (safe) os libraries; strings have no methods,
-- since Argo CD does not open the string library for customizations from argocd-cm.
-- usage: lua5.1 argocd-sandbox.lua SCRIPT.lua OBJECT.lua   (OBJECT.lua: `return { ... }`)
-- Prints the script's return value as JSON on stdout; exits 2 with the Lua error on stderr when the script fails.
local script_path, object_path = arg[1], arg[2]

local function encode(value, out)
  local t = type(value)
  if value == nil then
    table.insert(out, "null")
  elseif t == "boolean" then
    table.insert(out, value and "true" or "false")
  elseif t == "number" then
    if value == math.floor(value) and math.abs(value) < 1e15 then
      table.insert(out, string.format("%d", value))
    else
      table.insert(out, string.format("%.17g", value))
    end
  elseif t == "string" then
    local escaped = value:gsub('[%c"\\]', function(c)
      local named = { ['"'] = '\\"', ['\\'] = '\\\\', ['\n'] = '\\n', ['\r'] = '\\r', ['\t'] = '\\t' }
      return named[c] or string.format("\\u%04x", c:byte())
    end)
    table.insert(out, '"' .. escaped .. '"')
  elseif t == "table" then
    local n = #value
    local count = 0
    for _ in pairs(value) do count = count + 1 end
    if n > 0 and n == count then
      table.insert(out, "[")
      for i = 1, n do
        if i > 1 then table.insert(out, ",") end
        encode(value[i], out)
      end
      table.insert(out, "]")
    else
      local keys = {}
      for k in pairs(value) do table.insert(keys, tostring(k)) end
      table.sort(keys)
      table.insert(out, "{")
      for i, k in ipairs(keys) do
        if i > 1 then table.insert(out, ",") end
        encode(k, out)
        table.insert(out, ":")
        local v = value[k]
        if v == nil then v = value[tonumber(k)] end
        encode(v, out)
      end
      table.insert(out, "}")
    end
  else
    error("cannot encode a " .. t)
  end
end

local obj = dofile(object_path)
local chunk, load_error = loadfile(script_path)
if chunk == nil then
  io.stderr:write(load_error)
  os.exit(2)
end

local sandbox = {
  obj = obj,
  assert = assert, error = error, ipairs = ipairs, next = next, pairs = pairs, pcall = pcall, print = print,
  select = select, tonumber = tonumber, tostring = tostring, type = type, unpack = unpack, xpcall = xpcall,
  rawget = rawget, rawset = rawset, rawequal = rawequal, setmetatable = setmetatable, getmetatable = getmetatable,
  table = table,
  os = { time = os.time, date = os.date, clock = os.clock },
}
sandbox._G = sandbox
setfenv(chunk, sandbox)

local string_methods = getmetatable("")
local saved_index = string_methods.__index
string_methods.__index = nil
local ok, result = pcall(chunk)
string_methods.__index = saved_index

if not ok then
  io.stderr:write(tostring(result))
  os.exit(2)
end
local out = {}
encode(result, out)
io.write(table.concat(out))
