package io.shareline.delta;

import java.util.Optional;

/**
 * The log files a reader of a table's latest snapshot replays.
 *
 * @param version the snapshot's version
 * @param checkpointVersion the checkpoint replay starts from, if any
 * @param deltasReplayed commit files read on top of that checkpoint (all commits when there is none)
 * @param checkpointFiles parts of that checkpoint (0 or 1 for the classic checkpoints Kernel writes)
 * @param compactions log compaction files used instead of runs of commit files
 */
public record LogSegmentInfo(long version, Optional<Long> checkpointVersion, int deltasReplayed, int checkpointFiles,
    int compactions) {}
