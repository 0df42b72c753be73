import { otherMethods } from "@/lib/http/api-error";
import { handlers } from "@/auth";

export const { GET, POST } = handlers;

export const { PUT, PATCH, DELETE } = otherMethods(["GET", "POST"]);
