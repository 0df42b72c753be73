import { describeStoreContract } from "@/test/store-contract";
import { MemoryStore } from "./memory-store";

describeStoreContract("memory", async (limits) => new MemoryStore(limits));
