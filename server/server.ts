/**
 * dist/server.js, the entry VS Code starts (IPC), and the protocol tests
 * (`node dist/server.js --stdio`). The server itself is server/node.ts; other
 * editors start it through server/bin.ts (`redis-ha-language-server --stdio`).
 */
import { startNodeServer } from './node';

startNodeServer();
