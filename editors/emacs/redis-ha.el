;;; redis-ha.el --- redis.conf and sentinel.conf modes with the redis-ha language server -*- lexical-binding: t -*-

;; Major modes for redis.conf, valkey.conf and sentinel.conf files, and the redis-ha language
;; server through eglot (built into Emacs 29+; Debian 12's Emacs 28: apt-get install elpa-eglot).
;; After `npm install -g redis-ha`, load this file from init.el: (load "/path/to/redis-ha.el").
;; test/protocol/emacs.test.ts drives it in Debian's Emacs 28.2 with eglot 1.9. Settings go to
;; eglot-workspace-configuration:
;;   (setq-default eglot-workspace-configuration '(:redisHa (:targetVersion "7.2" :targetRpo "1s")))

;;; Code:

(require 'conf-mode)

(define-derived-mode redis-conf-mode conf-space-mode "Redis-Conf"
  "Major mode for redis.conf and valkey.conf files, checked by the redis-ha language server.")

(define-derived-mode sentinel-conf-mode conf-space-mode "Sentinel-Conf"
  "Major mode for sentinel.conf files, checked by the redis-ha language server.")

;; BEGIN file names: package.json's contributes.languages (npm run generate:docs); do not edit
(add-to-list 'auto-mode-alist '("/[^/]*\\.redis\\.conf\\'" . redis-conf-mode))
(add-to-list 'auto-mode-alist '("/redis_[^/]*\\.conf\\'" . redis-conf-mode))
(add-to-list 'auto-mode-alist '("/redis-[^/]*\\.conf\\'" . redis-conf-mode))
(add-to-list 'auto-mode-alist '("/[^/]*\\.valkey\\.conf\\'" . redis-conf-mode))
(add-to-list 'auto-mode-alist '("/valkey_[^/]*\\.conf\\'" . redis-conf-mode))
(add-to-list 'auto-mode-alist '("/valkey-[^/]*\\.conf\\'" . redis-conf-mode))
(add-to-list 'auto-mode-alist '("/redis[^/]*\\.conf\\.j2\\'" . redis-conf-mode))
(add-to-list 'auto-mode-alist '("/[^/]*_sentinel\\.conf\\'" . sentinel-conf-mode))
(add-to-list 'auto-mode-alist '("/[^/]*-sentinel\\.conf\\'" . sentinel-conf-mode))
(add-to-list 'auto-mode-alist '("/[^/]*\\.sentinel\\.conf\\'" . sentinel-conf-mode))
(add-to-list 'auto-mode-alist '("/redis[^/]*\\.conf\\.erb\\'" . redis-conf-mode))
(add-to-list 'auto-mode-alist '("/redis[^/]*\\.conf\\.tpl\\'" . redis-conf-mode))
(add-to-list 'auto-mode-alist '("/sentinel_[^/]*\\.conf\\'" . sentinel-conf-mode))
(add-to-list 'auto-mode-alist '("/sentinel-[^/]*\\.conf\\'" . sentinel-conf-mode))
(add-to-list 'auto-mode-alist '("/valkey[^/]*\\.conf\\.j2\\'" . redis-conf-mode))
(add-to-list 'auto-mode-alist '("/redis[^/]*\\.conf\\.tmpl\\'" . redis-conf-mode))
(add-to-list 'auto-mode-alist '("/valkey[^/]*\\.conf\\.erb\\'" . redis-conf-mode))
(add-to-list 'auto-mode-alist '("/valkey[^/]*\\.conf\\.tpl\\'" . redis-conf-mode))
(add-to-list 'auto-mode-alist '("/[^/]*-sentinel-[^/]*\\.conf\\'" . sentinel-conf-mode))
(add-to-list 'auto-mode-alist '("/sentinel[^/]*\\.conf\\.j2\\'" . sentinel-conf-mode))
(add-to-list 'auto-mode-alist '("/valkey[^/]*\\.conf\\.tmpl\\'" . redis-conf-mode))
(add-to-list 'auto-mode-alist '("/[^/]*-sentinel\\.conf\\.j2\\'" . sentinel-conf-mode))
(add-to-list 'auto-mode-alist '("/sentinel[^/]*\\.conf\\.erb\\'" . sentinel-conf-mode))
(add-to-list 'auto-mode-alist '("/sentinel[^/]*\\.conf\\.tpl\\'" . sentinel-conf-mode))
(add-to-list 'auto-mode-alist '("/[^/]*-sentinel\\.conf\\.erb\\'" . sentinel-conf-mode))
(add-to-list 'auto-mode-alist '("/[^/]*-sentinel\\.conf\\.tpl\\'" . sentinel-conf-mode))
(add-to-list 'auto-mode-alist '("/sentinel[^/]*\\.conf\\.tmpl\\'" . sentinel-conf-mode))
(add-to-list 'auto-mode-alist '("/[^/]*-sentinel\\.conf\\.tmpl\\'" . sentinel-conf-mode))
(add-to-list 'auto-mode-alist '("/redis[^/]*\\.conf\\.template\\'" . redis-conf-mode))
(add-to-list 'auto-mode-alist '("/valkey[^/]*\\.conf\\.template\\'" . redis-conf-mode))
(add-to-list 'auto-mode-alist '("/sentinel[^/]*\\.conf\\.template\\'" . sentinel-conf-mode))
(add-to-list 'auto-mode-alist '("/[^/]*-sentinel\\.conf\\.template\\'" . sentinel-conf-mode))
(add-to-list 'auto-mode-alist '("/redis\\.conf\\'" . redis-conf-mode))
(add-to-list 'auto-mode-alist '("/valkey\\.conf\\'" . redis-conf-mode))
(add-to-list 'auto-mode-alist '("/sentinel\\.conf\\'" . sentinel-conf-mode))
;; END file names

;; One entry per mode: eglot before 1.13 (Emacs 28's) sends one language id per server
(with-eval-after-load 'eglot
  (add-to-list 'eglot-server-programs
               '((redis-conf-mode :language-id "redis-conf") . ("redis-ha-language-server" "--stdio")))
  (add-to-list 'eglot-server-programs
               '((sentinel-conf-mode :language-id "sentinel-conf") . ("redis-ha-language-server" "--stdio"))))

(add-hook 'redis-conf-mode-hook #'eglot-ensure)
(add-hook 'sentinel-conf-mode-hook #'eglot-ensure)

(provide 'redis-ha)
;;; redis-ha.el ends here
