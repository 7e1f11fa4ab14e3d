export { f } from "./special/dummy.ts";
