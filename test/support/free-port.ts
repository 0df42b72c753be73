import net from "node:net";

const handedOut = new Set<number>();

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/**
 * The first port from `first` upwards that is free on 127.0.0.1 and not yet handed out by this process, so
 * servers that tests and benchmarks start never clash with each other or with what already runs.
 */
export async function freePort(first: number): Promise<number> {
  for (let port = first; port < first + 200; port++) {
    if (handedOut.has(port)) continue;
    if (await portIsFree(port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error(`no free port in ${first}-${first + 199}`);
}
