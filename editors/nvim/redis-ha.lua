-- redis-ha for Neovim: detects redis.conf, valkey.conf and sentinel.conf files and starts the
-- redis-ha language server for them: diagnostics as strict as redis-server, durability guidance,
-- hover, completion, signature help, outline, formatting, code actions.
--
--   npm install -g redis-ha      # puts redis-ha-language-server on PATH (Node.js 20+)
--   cp "$(npm root -g)/redis-ha/editors/nvim/redis-ha.lua" ~/.config/nvim/plugin/
--
-- Neovim 0.11+ starts it with vim.lsp.config/vim.lsp.enable, 0.8 to 0.10 with vim.lsp.start, and
-- 0.7 (Debian 12) with vim.lsp.start_client: the branch test/protocol/neovim.test.ts drives
-- headless in Debian's Neovim 0.7.2. Options, set in init.lua (which runs before plugin/):
--   vim.g.redis_ha_cmd       the server command (default { 'redis-ha-language-server', '--stdio' })
--   vim.g.redis_ha_settings  the redisHa settings, e.g. { targetVersion = '7.2', targetRpo = '1s' }

local cmd = vim.g.redis_ha_cmd or { 'redis-ha-language-server', '--stdio' }
local settings = { redisHa = vim.g.redis_ha_settings or vim.empty_dict() }
-- the same settings at start-up: Neovim before 0.8 answers workspace/configuration without offering it
local init_options = { settings = settings.redisHa }
local filetypes = { 'redis-conf', 'sentinel-conf' }

-- BEGIN file names: package.json's contributes.languages (npm run generate:docs); do not edit
local filename = {
  ['redis.conf'] = 'redis-conf',
  ['valkey.conf'] = 'redis-conf',
  ['sentinel.conf'] = 'sentinel-conf',
}
local pattern = {
  ['redis%-.*%.conf'] = { 'redis-conf', { priority = 12 } },
  ['redis_.*%.conf'] = { 'redis-conf', { priority = 12 } },
  ['.*%.redis%.conf'] = { 'redis-conf', { priority = 12 } },
  ['valkey%-.*%.conf'] = { 'redis-conf', { priority = 13 } },
  ['valkey_.*%.conf'] = { 'redis-conf', { priority = 13 } },
  ['.*%.valkey%.conf'] = { 'redis-conf', { priority = 13 } },
  ['redis.*%.conf%.j2'] = { 'redis-conf', { priority = 14 } },
  ['redis.*%.conf%.tpl'] = { 'redis-conf', { priority = 15 } },
  ['redis.*%.conf%.tmpl'] = { 'redis-conf', { priority = 16 } },
  ['redis.*%.conf%.erb'] = { 'redis-conf', { priority = 15 } },
  ['redis.*%.conf%.template'] = { 'redis-conf', { priority = 20 } },
  ['valkey.*%.conf%.j2'] = { 'redis-conf', { priority = 15 } },
  ['valkey.*%.conf%.tpl'] = { 'redis-conf', { priority = 16 } },
  ['valkey.*%.conf%.tmpl'] = { 'redis-conf', { priority = 17 } },
  ['valkey.*%.conf%.erb'] = { 'redis-conf', { priority = 16 } },
  ['valkey.*%.conf%.template'] = { 'redis-conf', { priority = 21 } },
  ['sentinel%-.*%.conf'] = { 'sentinel-conf', { priority = 15 } },
  ['sentinel_.*%.conf'] = { 'sentinel-conf', { priority = 15 } },
  ['.*%.sentinel%.conf'] = { 'sentinel-conf', { priority = 15 } },
  ['.*%-sentinel%.conf'] = { 'sentinel-conf', { priority = 15 } },
  ['.*%-sentinel%-.*%.conf'] = { 'sentinel-conf', { priority = 17 } },
  ['.*_sentinel%.conf'] = { 'sentinel-conf', { priority = 15 } },
  ['sentinel.*%.conf%.j2'] = { 'sentinel-conf', { priority = 17 } },
  ['sentinel.*%.conf%.tpl'] = { 'sentinel-conf', { priority = 18 } },
  ['sentinel.*%.conf%.tmpl'] = { 'sentinel-conf', { priority = 19 } },
  ['sentinel.*%.conf%.erb'] = { 'sentinel-conf', { priority = 18 } },
  ['sentinel.*%.conf%.template'] = { 'sentinel-conf', { priority = 23 } },
  ['.*%-sentinel%.conf%.j2'] = { 'sentinel-conf', { priority = 18 } },
  ['.*%-sentinel%.conf%.tpl'] = { 'sentinel-conf', { priority = 19 } },
  ['.*%-sentinel%.conf%.tmpl'] = { 'sentinel-conf', { priority = 20 } },
  ['.*%-sentinel%.conf%.erb'] = { 'sentinel-conf', { priority = 19 } },
  ['.*%-sentinel%.conf%.template'] = { 'sentinel-conf', { priority = 24 } },
}
-- END file names

-- VS Code's order: an exact file name, else the longest matching pattern (its priority is its length)
vim.filetype.add({ filename = filename, pattern = pattern })
if vim.fn.has('nvim-0.8') == 0 then
  -- Neovim 0.7 applies vim.filetype.add only with g:do_filetype_lua set before startup
  vim.api.nvim_create_autocmd({ 'BufRead', 'BufNewFile' }, {
    callback = function(args)
      local tail = vim.fn.fnamemodify(args.file, ':t')
      local ft, best = filename[tail], -1
      if not ft then
        for pat, v in pairs(pattern) do
          if v[2].priority > best and tail:match('^' .. pat .. '$') then
            ft, best = v[1], v[2].priority
          end
        end
      end
      if ft then
        vim.bo[args.buf].filetype = ft
      end
    end,
  })
end

if vim.fn.has('nvim-0.11') == 1 then
  vim.lsp.config('redis_ha', {
    cmd = cmd,
    filetypes = filetypes,
    root_markers = { '.git' },
    settings = settings,
    init_options = init_options,
  })
  vim.lsp.enable('redis_ha')
  return
end

-- Neovim 0.7 to 0.10: the workspace is the enclosing git repository, else the file's folder
local function root_of(buf)
  local dir = vim.fn.fnamemodify(vim.api.nvim_buf_get_name(buf), ':p:h')
  local git = vim.fn.finddir('.git', dir .. ';')
  if git == '' then
    git = vim.fn.findfile('.git', dir .. ';') -- a worktree's or a submodule's
  end
  if git == '' then
    return dir
  end
  local path = vim.fn.fnamemodify(git, ':p'):gsub('/$', '')
  return vim.fn.fnamemodify(path, ':h')
end

local clients = {} -- Neovim 0.7: one client per workspace
vim.api.nvim_create_autocmd('FileType', {
  pattern = filetypes,
  callback = function(args)
    local config = {
      name = 'redis_ha',
      cmd = cmd,
      root_dir = root_of(args.buf),
      settings = settings,
      init_options = init_options,
    }
    if vim.lsp.start then
      vim.lsp.start(config, { bufnr = args.buf })
      return
    end
    local id = clients[config.root_dir]
    if not (id and vim.lsp.get_client_by_id(id)) then
      id = vim.lsp.start_client(config)
      clients[config.root_dir] = id
    end
    if id then
      vim.lsp.buf_attach_client(args.buf, id)
    end
  end,
})
