/**
 * Every named limit in Noctem (STYLE.md rule 4): one frozen object, units last in the
 * keys. Code refers to a limit by its name, never by its value. Relations between limits
 * are asserted at load.
 */
import { assert } from './assert.ts';
import { skillLimits } from './skill-limits.ts';

/** The limits. Configurable ones are defaults that `noctem.json` may lower or raise. */
export const limits = Object.freeze({
  /** Largest noctem.json we read. */
  configSizeBytesMax: 1024 * 1024,
  /** Largest identity/keys.json we read. */
  keyFileSizeBytesMax: 4 * 1024 * 1024,
  /** Largest credential file `credential verify` reads. */
  credentialSizeBytesMax: 1024 * 1024,
  /** Claims in one issued credential. */
  credentialClaimsMax: 256,
  /** Key events walked when verifying one identity's log. */
  keyEventsMax: 100_000,
  /** Audit entries appended between two signed tree heads. */
  auditEntriesPerTreeHeadMax: 1000,
  /** Size of one audit entry's details after JSON encoding. */
  auditDetailsBytesMax: 64 * 1024,
  /** Audit entries listed by one `noctem audit` call. */
  auditListEntriesMax: 10_000,
  /** Significant events kept in the profile (spec §6.3.1). */
  profileEventsMax: 1000,
  /** Topics tracked in the profile. */
  profileTopicsMax: 10_000,
  /** Length of one profile event text. */
  profileEventCharsMax: 2000,
  /** Length of one profile topic name. */
  profileTopicCharsMax: 200,
  /** Length of the identity's display name. */
  identityNameCharsMax: 200,
  /** Secrets held in identity/keys.json (genesis, living, next and a few orphans). */
  keyringEntriesMax: 1000,
  /** Largest exported genesis key file `identity import-genesis` reads. */
  genesisFileSizeBytesMax: 64 * 1024,
  /** Characters of one base58btc value (decoding is quadratic, so keep it to keys and signatures). */
  base58CharsMax: 512,
  /** Characters of one multibase or base64url value (an SLH-DSA signature is 22,784). */
  multibaseCharsMax: 64 * 1024,
  /** Nesting depth of a JSON value we canonicalize (RFC 8785) or accept as a credential. */
  jsonDepthMax: 64,
  /** Dimensions of one embedding vector (OpenAI's largest model has 3072). */
  embeddingDimensionsMax: 4096,
  /** Bytes of one node id (hex-decoded). */
  nodeIdBytesMax: 64,
  /** Bytes of one encoded node record (a 4096-d embedding is 16 KiB). */
  nodeRecordBytesMax: 32 * 1024,
  /** Neighbours kept per node in the k-nearest-neighbour graph (D2 default k is 18). */
  knnNeighboursMax: 64,
  /** Nodes read around a new node's Hilbert key when linking it into the k-NN graph (D2). */
  knnCandidatesMax: 64,
  /** Files one `noctem ingest` run takes (walked folders included). */
  ingestFilesMax: 1_000_000,
  /** Documents stored in one write transaction (each is still whole or absent). */
  ingestBatchDocumentsMax: 64,
  /** Chunks stored in one write transaction. */
  ingestBatchChunksMax: 2048,
  /** Chunks one document may produce; more is cut and the source marked truncated. */
  documentChunksMax: 20_000,
  /** Texts sent to the embedder in one call. */
  embedBatchTextsMax: 256,
  /** Entries in the persistent watch queue. */
  watchQueueEntriesMax: 100_000,
  /** Queued changes handled by one watch drain. */
  watchDrainEntriesMax: 256,
  /** Debounce of file-system events in `watch`. */
  watchDebounceMs: 300,
  /** Postings read for one query term (a term in more chunks is cut here). */
  postingsReadMax: 1_000_000,
  /** Terms whose postings a process keeps in memory between queries. */
  postingsCachedTermsMax: 50_000,
  /** Candidates each recall signal contributes before fusion. */
  recallCandidatesMax: 100,
  /** Results `noctem search` may ask for. */
  searchResultsMax: 100,
  /** Chunks passed to `ask` as context. */
  askContextChunksMax: 8,
  /** Characters of one search snippet. */
  snippetCharsMax: 240,
  /** Texts sent in one request to an embeddings server. */
  embedderBatchTextsMax: 64,
  /** Wall time of one request to an embeddings server. */
  embedderRequestMsMax: 60_000,
  /** Bytes of one response from an embeddings server. */
  embedderResponseBytesMax: 64 * 1024 * 1024,
  /** Bytes of the word-vector source file converted into the embedder cache. */
  wordVectorSourceBytesMax: 512 * 1024 * 1024,
  /** Words in a word-vector vocabulary. */
  wordVectorWordsMax: 2_000_000,
  /** Sentences of one chunk compared by embedding against the hazard phrases. */
  hazardSentencesMax: 256,
  /** Distinct terms of one recall query. */
  recallQueryTermsMax: 256,
  /** Results one recall signal returns at most. */
  recallResultsMax: 10_000,
  /** Initial LMDB map size; LMDB grows it as needed. */
  storeMapSizeBytesInitial: 256 * 1024 * 1024,
  /** Data pages read to tell an encrypted LMDB file from a plain one before opening it. */
  storeProbePagesMax: 16,
  /** Named databases in the LMDB environment. */
  storeDatabasesMax: 32,
  /** scrypt cost parameter N (2^17) for the passphrase key. */
  scryptCost: 2 ** 17,
  /** Wall time of one passphrase prompt. */
  passphrasePromptMsMax: 5 * 60_000,
  /** Wall time of one sandbox-tier probe in `doctor`. */
  doctorProbeMsMax: 5000,
  /** Largest single file (or archive member) handed to an extractor. */
  ingestFileSizeBytesMax: 256 * 1024 * 1024,
  /** Archives nested inside one another: a member may sit inside at most this many (spec §5.3.5). */
  archiveDepthMax: 8,
  /** Bytes produced by all archive readers for one root file, counted while streaming. */
  archiveExpandedBytesMax: 1024 * 1024 * 1024,
  /** Expanded bytes over the root file's size above which expansion aborts (spec §5.3.5). */
  archiveExpansionRatioMax: 1000,
  /** Expanded bytes below which the ratio is not checked, so tiny archives never trip it. */
  archiveRatioCheckBytesMin: 1024 * 1024,
  /** Entries (files, folders, links) read from all archives under one root file. */
  archiveEntriesMax: 10_000,
  /** Characters of text kept from one extracted document; the rest is cut and flagged. */
  extractTextCharsMax: 64 * 1024 * 1024,
  /** Bytes of a text file sampled to classify it. */
  extractSniffBytesMax: 64 * 1024,
  /** "key.path: value" lines written for one JSON document. */
  extractJsonLinesMax: 100_000,
  /** Nesting depth flattened in one JSON document. */
  extractJsonDepthMax: 64,
  /** Data rows written for one CSV document. */
  extractCsvRowsMax: 100_000,
  /** Columns read from one CSV row. */
  extractCsvColumnsMax: 1000,
  /** Pages read from one PDF. */
  extractPdfPagesMax: 10_000,
  /** Wall time an extraction worker may spend on one file before it is killed (spec §5.3.4). */
  extractFileTimeMsMax: 30_000,
  /** Wall time for an extraction worker to start and report ready. */
  extractWorkerStartMsMax: 30_000,
  /** V8 old-space heap of one extraction worker (--max-old-space-size). */
  extractWorkerHeapBytesMax: 1024 * 1024 * 1024,
  /** Writable memory above the heap for one worker (prlimit --data = heap + this): buffers, native code. */
  extractWorkerDataHeadroomBytes: 1024 * 1024 * 1024,
  /** CPU seconds over a worker's whole life (prlimit --cpu); workers are recycled at half. */
  extractWorkerCpuSecondsMax: 600,
  /**
   * Jobs one worker runs before it is recycled. Heap and CPU use recycle it sooner; at 1000
   * a run of small files spent more time restarting workers (~0.6 s each) than extracting.
   */
  extractWorkerJobsMax: 10_000,
  /** Extraction workers in one pool. */
  extractWorkersMax: 64,
  /** Results buffered between the worker pool and its consumer. */
  extractResultsQueuedMax: 64,
  /** Jobs sent to one extraction worker ahead of its results (its window; small files go in batches). */
  extractWorkerJobsInFlightMax: 8,
  /** Input bytes sent to one worker ahead of its results; a larger file goes alone. */
  extractWorkerInFlightBytesMax: 4 * 1024 * 1024,
  /** Results one worker may send before the consumer has taken them (flow-control window). */
  extractWorkerResultsUnackedMax: 32,
  /** Characters of text in the results one worker may send before the consumer has taken them. */
  extractWorkerResultsUnackedCharsMax: 8 * 1024 * 1024,
  /** Bytes of a worker's stderr kept to explain a crash. */
  extractStderrTailBytesMax: 4096,
  /** Folder levels walked below an ingest root. */
  walkDepthMax: 64,
  /** Folder entries examined in one walk. */
  walkEntriesMax: 1_000_000,
  /** Default chunk window in tokens (spec §5.3.6). */
  chunkWindowTokensDefault: 512,
  /** Default overlap between consecutive chunks in tokens (spec §5.3.6). */
  chunkOverlapTokensDefault: 50,
  /** Largest chunk window a caller may ask for, in tokens. */
  chunkWindowTokensMax: 8192,
  /** Wall time of one request to a chat-completions server, body included (local models are slow). */
  llmRequestMsMax: 120_000,
  /** Bytes of one response from a chat-completions server. */
  llmResponseBytesMax: 4 * 1024 * 1024,
  /** Tokens a chat-completions server may generate for one answer (its `max_tokens`). */
  llmCompletionTokensMax: 1024,
  /** Characters of one question `ask` accepts. */
  answerQuestionCharsMax: 4000,
  /** Retrieved chunks placed in one answer prompt or scanned by the extractive answerer. */
  answerChunksMax: 20,
  /** Characters of one chunk placed in an answer prompt or scanned for sentences. */
  answerChunkCharsMax: 8000,
  /** Sentences an extractive answer quotes at most. */
  extractiveSentencesMax: 3,
  /** Characters of an extractive answer's quoted sentences, markers excluded. */
  extractiveAnswerCharsMax: 800,
  /** Points of one FFT (the firewall filters drive signals sampled at 1 kHz: about 70 min). */
  fftSizeMax: 1 << 22,
  /** Sweeps of the cyclic Jacobi eigen-solver before it gives up (9×9 converges in < 10). */
  jacobiSweepsMax: 64,
  /** Nodes in one wave graph (spec target 1M nodes, with headroom). */
  waveNodesMax: 4_000_000,
  /** Directed edges (both directions counted) in one wave graph: nodes × 2k at k = 64. */
  waveEdgesMax: 512_000_000,
  /** Steps one `advance()` call may take (the Oracle's 1e5-step runs fit). */
  waveStepsMax: 10_000_000,
  /** Worker threads of one worker propagator (one contiguous node range each). */
  waveWorkerThreadsMax: 64,
  /** Time a worker propagator's threads may take to start (tsx compiles their sources). */
  waveWorkerStartMsMax: 60_000,
  /** Time a worker propagator may go without finishing a half-step before it is declared stalled. */
  waveWorkerStallMsMax: 60_000,
  /** Polls of a barrier word a worker spins through before it sleeps on it (Atomics.wait). */
  waveBarrierSpinsMax: 20_000,
  /** Nodes of a generated Oracle test graph (its k-NN search is brute force, O(n²)). */
  oracleGraphNodesMax: 4096,
  /** Power-iteration sweeps per Laplacian eigenmode (Dojo resonance attack, injection firewall). */
  powerIterationsMax: 5000,
  /** Laplacian eigenmodes the injection firewall attenuates along. */
  firewallModesMax: 32,
  /** Krylov basis vectors of one Lanczos run (lanczos-modes.ts): m²·n reorthogonalization work. */
  lanczosBasisMax: 128,
  /** Random restarts of one Lanczos run when its Krylov space closes early. */
  lanczosRestartsMax: 16,
  /** Liked topics of the profile that become anchors of the identity field (§6.3.3). */
  identityAnchorsMax: 32,
  /** Nodes of a thin region whose folders are searched for related files (curiosity goals). */
  /** Wait before a deferred watch drain (ATP below its soft threshold) tries again. */
  watchDeferRetryMs: 30_000,
  relatedFilesRegionNodesMax: 16,
  /** Folders listed for one goal's related files. */
  relatedFilesFoldersMax: 4,
  /** Directory entries read per folder for related files. */
  relatedFilesScannedMax: 512,
  /** Related files proposed by one goal. */
  relatedFilesSuggestedMax: 5,
  /** Leaves of the Dojo's hub-node attack graph (edges at the hub). */
  dojoHubLeavesMax: 4096,
  /** Consecutive watchdog violations a caller may allow before SCRAM (the default is 3). */
  watchdogViolationsMax: 100,
  /** Propagators on the SCRAM blacklist; a full blacklist refuses every propagator. */
  propagatorBlacklistEntriesMax: 1000,
  /** Characters of a propagator's name (it appears in file names, audit entries and the blacklist). */
  propagatorNameCharsMax: 128,
  /** Names tried for one SCRAM snapshot file when earlier ones exist (same millisecond). */
  scramSnapshotNameAttemptsMax: 16,
  /** Nodes of the seeds' neighbourhood one wave-recall query propagates on (D4). */
  waveRecallNodesMax: 4096,
  /** Seed nodes (emitters) one wave-recall query injects. */
  waveRecallSeedsMax: 256,
  /** Graph hops around the seeds a wave-recall neighbourhood may span. */
  waveRecallHopsMax: 16,
  /** Propagation steps of one wave-recall query (noctem.json `recall.wave.steps`). */
  waveRecallStepsMax: 1000,
  /** Digits one NRLE stream may decode to (a `.nik` page's nonary values; decompression-bomb bound). */
  nrleDigitsMax: 16_777_216,
  /** Largest `.nik` file read or written (whole in memory). */
  nikFileBytesMax: 1024 * 1024 * 1024,
  /** Pages of one `.nik` file. */
  nikPagesMax: 1_000_000,
  /** Raw (uncompressed, unencrypted) bytes of one `.nik` page: the zstd-bomb bound per page. */
  nikPageBytesMax: 16 * 1024 * 1024,
  /** Raw bytes of all pages of one `.nik` file together (what a reader holds in memory). */
  nikRawBytesMax: 2 * 1024 * 1024 * 1024,
  /** Problems `inspectNik` lists before it stops adding more. */
  nikInspectIssuesMax: 100,
  /** Largest GGUF file read or written (whole in memory). */
  ggufFileBytesMax: 2 * 1024 * 1024 * 1024,
  /** Tensors declared in one GGUF file (a large LLM has about a thousand). */
  ggufTensorsMax: 65_536,
  /** Metadata entries declared in one GGUF file. */
  ggufMetadataEntriesMax: 65_536,
  /** Items of one GGUF metadata array (an LLM vocabulary has up to a few hundred thousand). */
  ggufArrayItemsMax: 4 * 1024 * 1024,
  /** Bytes of one GGUF metadata string value (chat templates are a few KiB). */
  ggufStringBytesMax: 4 * 1024 * 1024,
  /** Bytes of one GGUF metadata key (the GGUF specification's own bound). */
  ggufKeyBytesMax: 65_535,
  /** Largest `general.alignment` accepted, in bytes. */
  ggufAlignmentBytesMax: 65_536,
  /** Memory nodes in one GGUF export (the wave graph's node limit). */
  ggufNodesMax: 4_000_000,
  /** Nodes in one node page of a home checkpoint (a page also stays within nikPageBytesMax). */
  checkpointPageNodesMax: 4096,
  /** Store records (or deleted keys) in one record page of a home checkpoint. */
  checkpointPageRecordsMax: 16_384,
  /** Bytes of one record key in a checkpoint (code and canonical key; LMDB keys stop at 1978). */
  checkpointKeyBytesMax: 1024,
  /** Nesting depth of one store value in a checkpoint record (objects and arrays in arrays). */
  checkpointValueDepthMax: 32,
  /** Files one `noctem restore` chain may hold (a full snapshot and its differentials). */
  checkpointChainFilesMax: 10_000,
  /** Names tried for one checkpoint file when earlier ones exist (same millisecond). */
  checkpointNameAttemptsMax: 64,
  /** Change-journal entries read in one batch by a checkpoint plan (store/lmdb-change-journal.ts). */
  checkpointChangesReadBatchMax: 4096,
  /** Folder entries read when looking for a crashed restore's leftover temp folder. */
  restoreLeftoverEntriesMax: 100_000,
  /** Order of a drive coupling matrix (ours is 3×3 over D, S, N; the spec's 4×4 is checked too). */
  couplingMatrixSizeMax: 8,
  /** Shifted-QR iterations per eigenvalue of a general real matrix (EISPACK hqr's bound). */
  eigenQrIterationsPerValueMax: 30,
  /** Balancing sweeps before the QR eigenvalue iteration (converges in a few). */
  eigenBalanceSweepsMax: 64,
  /** Taylor terms of one scaled matrix exponential (norm ≤ 1/2 converges in about 20). */
  matrixExponentialTermsMax: 40,
  /** Longest drive integrator tick in milliseconds (one hour). */
  driveTickMsMax: 3_600_000,
  /** Drive events (rewards, alerts, novelty…) applied in one tick. */
  driveEventsPerTickMax: 1024,
  /** Seqlock retries of one drive snapshot read before it reports contention. */
  driveSnapshotReadRetriesMax: 1_000_000,
  /** Timing samples in one cost-calibration benchmark. */
  costBenchmarkSamplesMax: 1024,
  /** Nodes in the uniform reservoir of the energy-entropy estimator (D5: K = 4096). */
  entropyReservoirSize: 4096,
  /** Largest energies the entropy estimator sums exactly instead of sampling (its top stratum). */
  entropyTopNodesMax: 4096,
  /** Clusters of the dream-replay k-means on T⁹ (AUTO-03: K = 64). */
  replayClustersMax: 64,
  /** Lloyd iterations of one toroidal k-means run. */
  kmeansIterationsMax: 100,
  /** Experiences one replay sampler holds. */
  replayExperiencesMax: 1_000_000,
  /** Frontier regions one curiosity pass returns. */
  frontierRegionsMax: 16,
  /** Nodes named in one frontier region (the highest-scoring ones). */
  frontierRegionNodesMax: 32,
  /** Open goals at once; curiosity adds none while this many are open. */
  goalsOpenMax: 64,
  /** Goals kept in all; the oldest closed ones are dropped first. */
  goalsKeptMax: 1024,
  /** Characters of one goal description. */
  goalDescriptionCharsMax: 500,
  /** Metabolic locks held at once (ingestion, training and improvement jobs). */
  metabolicLocksMax: 1024,
  /** Longest a nap may be told to wait for metabolic locks before it proceeds forced (spec §6.4.2 waits 5 s). */
  napLockWaitMsMax: 60_000,
  /** Node records one nap reads (consolidation and dream noise walk every node once). */
  napNodesMax: 1_000_000,
  /** Dream replays of high-error queries in one nap (each a short damped propagation). */
  napReplaysMax: 32,
  /** Feedback records one nap reads to find high-error queries. */
  napFeedbackRecordsMax: 100_000,
  /** Stored context vectors (9-vectors at nodes, D7) kept and transported by naps. */
  napContextVectorsMax: 100_000,
  /** Draws of the dream generator before it is reseeded from OS entropy. */
  dreamRngReseedDrawsMax: 65_536,
  /** Ticks the daemon loop catches up at once after a stall (suspend, long GC); older ones are skipped. */
  daemonCatchUpTicksMax: 64,
  /** Nodes the daemon reads for node energies and frontiers (a larger memory is read up to this many). */
  daemonManifoldNodesMax: 1_000_000,
  /** Age after which the daemon re-reads node energies even if no memory counter moved. */
  daemonEnergyCacheMsMax: 600_000,
  /** Change-journal entries the daemon reads to count dirty nodes (enough to see the nap's 10 000). */
  daemonDirtyNodesReadMax: 100_000,
  ...skillLimits,
});

/** The type of {@link limits}. */
export type Limits = typeof limits;

assert(limits.auditEntriesPerTreeHeadMax <= limits.auditListEntriesMax, 'a tree-head span fits a listing');
assert(limits.profileEventCharsMax * limits.profileEventsMax < limits.storeMapSizeBytesInitial, 'profile fits the map');
assert(limits.ingestFileSizeBytesMax <= limits.archiveExpandedBytesMax, 'one archive member fits the expansion budget');
assert(limits.archiveRatioCheckBytesMin < limits.archiveExpandedBytesMax, 'the ratio is checked before the byte cap');
assert(limits.chunkOverlapTokensDefault < limits.chunkWindowTokensDefault, 'chunk overlap is smaller than the window');
assert(limits.waveNodesMax <= limits.nrleDigitsMax, 'one NRLE stream holds every node\'s nonary value');
assert(limits.chunkWindowTokensDefault <= limits.chunkWindowTokensMax, 'the default chunk window is allowed');
assert(limits.extractFileTimeMsMax < limits.extractWorkerCpuSecondsMax * 500, 'a file fits in half a worker CPU budget');
assert(limits.base58CharsMax < limits.multibaseCharsMax, 'a base58 value fits a multibase value');
assert(limits.nikPageBytesMax <= limits.nikRawBytesMax, 'one .nik page fits the raw byte budget');
assert(limits.nikPageBytesMax < limits.nikFileBytesMax, 'one .nik page fits a file');
assert(limits.nodeRecordBytesMax * 2 <= limits.nikPageBytesMax, 'a checkpoint node entry always fits one .nik page');
assert(limits.ggufNodesMax <= limits.waveNodesMax, 'an imported GGUF export fits one wave graph');
assert(limits.ggufStringBytesMax < limits.ggufFileBytesMax && limits.ggufKeyBytesMax < limits.ggufStringBytesMax, 'GGUF strings fit a file');
assert(limits.extractWorkerJobsInFlightMax <= limits.extractWorkerJobsMax, 'a worker window fits in a worker life');
assert(limits.goalsOpenMax <= limits.goalsKeptMax, 'every open goal is kept');
assert(limits.skillScanFileBytesMax <= limits.skillPackageBytesMax, 'a scanned module fits a package');
assert(limits.skillScanFindingsReportedMax <= limits.skillScanFindingsMax, 'reported findings are kept findings');
assert(limits.approvalTimeoutMsDefault <= limits.approvalTimeoutMsMax && limits.approvalPollMs < limits.approvalTimeoutMsDefault, 'the default approval wait is allowed and polls');
assert(limits.approvalScopeCharsMax >= limits.skillScopeEntryCharsMax, 'an approval shows a whole manifest scope entry');
assert(limits.killSwitchPollMs + limits.killHaltGraceMs < limits.skillKillMsMax, 'a daemon halts within the kill deadline');
