import { createRequire } from "node:module";
import os from "node:os";
import { describe, expect, it } from "vitest";

// CommonJS, because next.config.js requires it before any TypeScript is compiled.
const { allowedDevOrigins } = createRequire(import.meta.url)("./allowed-dev-origins.js") as {
  allowedDevOrigins: (interfaces?: NodeJS.Dict<os.NetworkInterfaceInfo[]>, extra?: string, hostname?: string) => string[];
};

const iface = (address: string, family: "IPv4" | "IPv6", scopeid = 0): os.NetworkInterfaceInfo =>
  ({ address, family, internal: false, netmask: "", mac: "", cidr: null, ...(family === "IPv6" ? { scopeid } : {}) }) as os.NetworkInterfaceInfo;

describe("allowedDevOrigins", () => {
  it("lists loopback, every address of the machine and its name", () => {
    const hosts = allowedDevOrigins(
      { eth0: [iface("192.168.1.20", "IPv4"), iface("2001:db8::20", "IPv6"), iface("fe80::1", "IPv6", 2)] },
      "",
      "Dev-Laptop",
    );
    expect(hosts).toEqual(["localhost", "127.0.0.1", "[::1]", "192.168.1.20", "[2001:db8::20]", "dev-laptop", "dev-laptop.local"]);
  });

  it("adds what ALLOWED_DEV_ORIGINS lists", () => {
    expect(allowedDevOrigins({}, " myapp.test, *.ngrok-free.app ,", "h")).toEqual(
      expect.arrayContaining(["myapp.test", "*.ngrok-free.app"]),
    );
  });

  it("is what next.config.js gives next dev, with this machine's own addresses", () => {
    const config = createRequire(import.meta.url)("../../next.config.js") as { allowedDevOrigins: string[] };
    const own = Object.values(os.networkInterfaces())
      .flat()
      .filter((info) => info?.family === "IPv4")
      .map((info) => info!.address);
    expect(config.allowedDevOrigins).toEqual(expect.arrayContaining(["127.0.0.1", ...own]));
  });
});
