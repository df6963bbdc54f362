/**
 * The engine's behaviour version: bumped with every change to what the engine emits (the golden
 * event hashes in test/engine/golden.json say when). A recording names the version that made it;
 * verify refuses another version with the reason. Its own module so the store and listings can
 * read it without loading the engine.
 */
export const ENGINE_VERSION = '0.18.0';
