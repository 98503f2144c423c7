/**
 * seisclr on Apache Spark: detection over years of an SDS archive, one task per station-day
 * ({@link io.github.seisclr.spark.ArchiveJob}). Spark is provided by the cluster ({@code spark-submit})
 * or by the command line ({@code seisclr archive}, local mode).
 */
package io.github.seisclr.spark;
