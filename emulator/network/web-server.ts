import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';

/** The small page an instance answers on port 80 (the web server of instance labs). */
export interface WebServer {
  serve(socket: Socket): void;
  close(): void;
}

/** Starts an HTTP backend (no listening socket: the front door hands it connections). */
export function startWebServer(instanceId: () => string, privateIp: () => string): WebServer {
  const server: Server = createServer((req, res) => {
    const body = `<!doctype html><html><head><title>Welcome</title></head><body><h1>It works</h1><p>Instance ${instanceId()} (${privateIp()}) answered ${req.method} ${req.url}.</p></body></html>\n`;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', server: 'Apache/2.4.62 (Amazon Linux)', 'content-length': Buffer.byteLength(body) });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  server.on('clientError', (_err, socket) => socket.destroy());
  return {
    serve: (socket) => server.emit('connection', socket),
    close: () => server.close(),
  };
}
