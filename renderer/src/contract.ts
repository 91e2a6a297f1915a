/**
 * The renderer's single door to the shared HTTP contract (zod schemas and types).
 * Nothing else of backend/ may be imported by the renderer.
 */
export * from '../../backend/src/contract';
