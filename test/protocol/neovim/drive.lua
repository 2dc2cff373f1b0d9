-- Drives a headless Neovim for test/protocol/neovim.test.ts, after editors/nvim/redis-ha.lua ran
-- unchanged as the init file (-u): it opens files, waits (vim.wait on a condition) for what the
-- language server sends, asks for a hover and a completion, and writes what Neovim got to
-- $REDIS_HA_NVIM_DIR/result.json; the test asserts on that. Then it quits.
--
-- What differs from a user's Neovim: Debian's 0.7.2 takes the setup's vim.lsp.start_client branch and
-- its own BufRead autocommand for the file types; Neovim 0.8+ detects them from the vim.filetype.add
-- tables (which match() below puts through 0.7.2's own matcher) and starts the server with
-- vim.lsp.start, 0.11+ with vim.lsp.config/vim.lsp.enable: those two branches this test does not reach.

local dir = os.getenv('REDIS_HA_NVIM_DIR')
local TIMEOUT = 20000
local result = { detected = {}, files = {} }

-- every publishDiagnostics, counted per URI, then handed to Neovim's own handler
local published = {}
local default_handler = vim.lsp.handlers['textDocument/publishDiagnostics']
vim.lsp.handlers['textDocument/publishDiagnostics'] = function(err, params, ctx, config)
  published[params.uri] = (published[params.uri] or 0) + 1
  return default_handler(err, params, ctx, config)
end

local function clients_of(buf)
  local ids = {}
  for id, _ in pairs(vim.lsp.buf_get_clients(buf)) do
    table.insert(ids, id)
  end
  return ids
end

-- the file type chosen for each name, and whether the server was attached (empty new buffers)
local function detect()
  for _, name in ipairs(vim.split(os.getenv('REDIS_HA_NVIM_NAMES'), ',')) do
    vim.cmd('edit ' .. vim.fn.fnameescape(dir .. '/names/' .. name))
    local buf = vim.api.nvim_get_current_buf()
    result.detected[name] = { filetype = vim.bo[buf].filetype, attached = #clients_of(buf) > 0 }
  end
end

-- the file type Neovim's own matcher gives each name from the vim.filetype.add tables (the 0.8+ path),
-- on scratch buffers, without FileType autocommands (no server for them)
local function match()
  result.matched = {}
  local ignored = vim.o.eventignore
  vim.o.eventignore = 'FileType'
  for _, name in ipairs(vim.split(os.getenv('REDIS_HA_NVIM_NAMES'), ',')) do
    local buf = vim.api.nvim_create_buf(false, true)
    vim.filetype.match(dir .. '/names/' .. name, buf)
    result.matched[name] = vim.bo[buf].filetype
    vim.api.nvim_buf_delete(buf, { force = true })
  end
  vim.o.eventignore = ignored
end

-- opens `name`, waits for its first diagnostics, and records them
local function open(name)
  vim.cmd('edit ' .. vim.fn.fnameescape(dir .. '/' .. name))
  local buf = vim.api.nvim_get_current_buf()
  local uri = vim.uri_from_bufnr(buf)
  local got = vim.wait(TIMEOUT, function()
    return (published[uri] or 0) > 0
  end, 20)
  local diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    table.insert(diagnostics, { line = d.lnum, code = d.code, severity = d.severity, message = d.message })
  end
  local file = { filetype = vim.bo[buf].filetype, published = got, diagnostics = diagnostics, clients = clients_of(buf) }
  result.files[name] = file
  return buf, file
end

local function request(buf, method, line, character)
  local params = { textDocument = { uri = vim.uri_from_bufnr(buf) }, position = { line = line, character = character } }
  local replies, err = vim.lsp.buf_request_sync(buf, method, params, TIMEOUT)
  if not replies then
    return nil, err
  end
  for _, reply in pairs(replies) do
    return reply.result, reply.err
  end
end

local function run()
  local buf, file = open('redis.conf')
  local client = vim.lsp.get_client_by_id(file.clients[1])
  result.server = { name = client.name, pid = client.rpc.pid, cmd = client.config.cmd, root_dir = client.config.root_dir }
  if os.getenv('REDIS_HA_NVIM_ONLY') == 'redis.conf' then
    return
  end
  local hover = request(buf, 'textDocument/hover', 2, 3) -- on `appendfsync`
  result.hover = hover and hover.contents and (hover.contents.value or hover.contents) or vim.NIL
  local completion = request(buf, 'textDocument/completion', 3, 0) -- the empty last line
  local items = completion and (completion.items or completion) or {}
  result.completion = { count = #items, labels = {} }
  for _, item in ipairs(items) do
    table.insert(result.completion.labels, item.label)
  end
  open('valkey-6380.conf') -- a clean file: published, and empty
  detect()
  match()
  result.clients = #vim.lsp.get_active_clients() -- one server for the whole folder
end

local ok, err = pcall(run)
if not ok then
  result.error = tostring(err)
end
local f = io.open(dir .. '/result.json', 'w')
f:write(vim.fn.json_encode(result))
f:close()
vim.cmd('qa!')
