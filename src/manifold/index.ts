/**
 * @module manifold
 * The memory manifold: nodes placed on the 9-torus T⁹ and joined into a k-nearest-neighbour
 * graph. This layer owns the JL projection of embeddings to 14-bit torus cells and their
 * 12-byte Hilbert keys (D1, spec §5.3.7), the node record and its LMDB key `hilbertKey ‖ id`
 * (DESIGN "Data model"), torus geodesic distance under a node metric (spec §6.4.5),
 * collision handling (GAP-003) and incremental k-NN graph maintenance (D2). Everything here
 * is pure: callers pass in occupancy lookups and candidate nodes. It has no ports.
 * Limits: nodeIdBytesMax, nodeRecordBytesMax, embeddingDimensionsMax, knnNeighboursMax.
 */
export * from './torus-coord.ts';
export * from './node-metric.ts';
export * from './torus-distance.ts';
export * from './projection.ts';
export * from './node-record.ts';
export * from './node-key.ts';
export * from './collision.ts';
export * from './knn-graph.ts';
export * from './edge-record.ts';
