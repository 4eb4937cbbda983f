// `rdb dap`: the Debug Adapter Protocol server, on stdio or, with `--port N`, on 127.0.0.1:N
// (a new session for each connection).
import * as net from 'net';
import { Debugger } from '../src/debugger/Debugger';
import type { CommandLineFactory } from '../src/debugger/commandLine';
import { RdbSession } from './session';

const usage = 'Usage: rdb dap [--port N]\nSpeaks the Debug Adapter Protocol on stdin/stdout, or on 127.0.0.1 port N.\n';

/** `commandLine`: the CLI's interpreter, which the Debug Console runs rdb's commands with. */
export function main(argv: string[], commandLine?: CommandLineFactory): void {
  let port: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const m = /^--port(?:=(.*))?$/.exec(a);
    if (m) {
      const text = m[1] ?? argv[++i];
      if (text === undefined || !/^\d+$/.test(text) || Number(text) > 65535) {
        process.stderr.write(`rdb dap: --port needs a port number (0 to 65535).\n${usage}`);
        process.exit(1);
      }
      port = Number(text);
    } else if (a === '--help' || a === '-h') {
      process.stdout.write(usage);
      return;
    } else {
      process.stderr.write(`rdb dap: unrecognized argument '${a}'.\n${usage}`);
      process.exit(1);
    }
  }
  Debugger.useLocaleCharset();
  if (port === undefined) {
    const session = new RdbSession(commandLine);
    process.on('SIGTERM', () => session.shutdown());
    session.start(process.stdin, process.stdout);
    return;
  }
  const server = net.createServer((socket) => {
    const session = new RdbSession(commandLine);
    session.setRunAsServer(true);
    socket.on('close', () => session.shutdown());
    session.start(socket, socket);
  });
  server.on('error', (e) => {
    process.stderr.write(`rdb dap: cannot listen on 127.0.0.1:${port}: ${e.message}\n`);
    process.exit(1);
  });
  server.listen(port, '127.0.0.1', () => {
    const address = server.address() as net.AddressInfo;
    process.stderr.write(`rdb dap: listening on 127.0.0.1:${address.port}\n`);
  });
}
