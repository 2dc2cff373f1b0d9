;;; drive.el --- drives Emacs in batch mode for test/protocol/emacs.test.ts -*- lexical-binding: t -*-

;; Loads editors/emacs/redis-ha.el unchanged, opens redis.conf and a clean valkey-6380.conf, lets
;; eglot start redis-ha-language-server (from PATH) for them, records the diagnostics the server
;; publishes, asks for a hover and a completion, and writes what Emacs got to
;; $REDIS_HA_EMACS_DIR/result.json; the test asserts on that. Waits are on conditions
;; (accept-process-output until the notification arrived), with a deadline.
;; What differs from a user's Emacs: no command loop runs in batch mode, so the
;; post-command-hook that eglot-ensure defers its connection to is run here by hand; and the
;; diagnostics are taken as the server sent them (flymake draws them from the same notification);
;; and the servers are shut down with eglot-shutdown-all before Emacs exits.

;;; Code:

(require 'package)
(package-initialize)
(require 'json)
(require 'eglot)
(load (expand-file-name "editors/emacs/redis-ha.el" (getenv "REDIS_HA_ROOT")) nil t)

(defvar drive-dir (getenv "REDIS_HA_EMACS_DIR"))
(defvar drive-published (make-hash-table :test #'equal) "URI → the diagnostics last published for it.")

(cl-defmethod eglot-handle-notification :before
  (_server (_method (eql textDocument/publishDiagnostics)) &key uri diagnostics &allow-other-keys)
  (puthash uri diagnostics drive-published))

(defun drive-wait (done)
  "Processes input until DONE returns non-nil, at most 20 s."
  (with-timeout (20 nil)
    (while (not (funcall done)) (accept-process-output nil 0.05))
    t))

(defun drive-open (name)
  "Visits NAME, connects eglot and returns what the server published for it."
  (find-file (expand-file-name name drive-dir))
  (run-hooks 'post-command-hook)
  (let ((uri (eglot--path-to-uri buffer-file-name)))
    (unless (drive-wait (lambda () (not (eq (gethash uri drive-published 'none-yet) 'none-yet))))
      (error "no diagnostics for %s" name))
    `((mode . ,(symbol-name major-mode))
      (diagnostics . ,(vconcat (mapcar (lambda (d)
                                         `((line . ,(plist-get (plist-get (plist-get d :range) :start) :line))
                                           (code . ,(plist-get d :code))
                                           (severity . ,(plist-get d :severity))))
                                       (gethash uri drive-published)))))))

(defun drive-request (method line character)
  (jsonrpc-request (eglot-current-server) method
                   `(:textDocument (:uri ,(eglot--path-to-uri buffer-file-name))
                     :position (:line ,line :character ,character))))

(defun drive-pids ()
  "The process ids of every eglot server."
  (vconcat (cl-loop for ss being the hash-values of eglot--servers-by-project
                    append (mapcar (lambda (s) (process-id (jsonrpc--process s))) ss))))

(defun drive-run ()
  (if (equal (getenv "REDIS_HA_EMACS_ONLY") "redis.conf")
      (let ((redis (drive-open "redis.conf")))
        `((server . ((pids . ,(drive-pids)))) (files . ((redis.conf . ,redis)))))
    (drive-run-all)))

(defun drive-run-all ()
  (let* ((redis (drive-open "redis.conf"))
         (server (eglot-current-server))
         (hover (drive-request :textDocument/hover 2 3))
         (completion (drive-request :textDocument/completion 3 0))
         (items (if (vectorp completion) completion (plist-get completion :items)))
         (clean (drive-open "valkey-6380.conf"))
         (sentinel (drive-open "sentinel.conf")))
    `((server . ((pids . ,(drive-pids))
                 (command . ,(vconcat (process-command (jsonrpc--process server))))
                 (servers . ,(cl-loop for ss being the hash-values of eglot--servers-by-project sum (length ss)))))
      (files . ((redis.conf . ,redis) (valkey-6380.conf . ,clean) (sentinel.conf . ,sentinel)))
      (hover . ,(plist-get (plist-get hover :contents) :value))
      (completion . ((count . ,(length items))
                     (labels . ,(vconcat (mapcar (lambda (i) (plist-get i :label)) items)))))
      (modes . ,(mapcar (lambda (name)
                          (cons (intern name)
                                (let ((auto-mode-alist auto-mode-alist))
                                  (with-temp-buffer
                                    (setq buffer-file-name (expand-file-name name "/etc/redis"))
                                    (set-auto-mode)
                                    (symbol-name major-mode)))))
                        (split-string (getenv "REDIS_HA_EMACS_NAMES") ","))))))

(let ((result (condition-case err (drive-run) (error `((error . ,(error-message-string err)))))))
  (with-temp-file (expand-file-name "result.json" drive-dir)
    (insert (json-encode result)))
  ;; shutdown and exit to every server, as M-x eglot-shutdown-all: killed with Emacs instead, a
  ;; server's process sentinel could run into an error in the middle of kill-emacs now and then
  (condition-case nil (eglot-shutdown-all) (error nil))
  (kill-emacs 0))
;;; drive.el ends here
