// Graphviz compiled to WebAssembly, loaded only when a diagram is drawn.
export { instance } from "@viz-js/viz";
