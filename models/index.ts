/**
 * Public entry of the `models` library. Subgraphs and scripts import from here only.
 *
 * @packageDocumentation
 */
export * from './features';
export * from './classifiers';
export * from './training';
export * from './registry';
export * from './ingestion';
