#include "analysis/summary_columns.h"
#include "common/xalloc.h"

/*
 * The statistics columns of summary.csv and keys of summary.json, in
 * order. The first seven are the original columns the report reads; later
 * ones are appended so that readers by position keep working.
 */
const struct summary_column summary_columns[] = {
	SUMMARY_NUMBER("min", stats.min),
	SUMMARY_NUMBER("q1", stats.q1),
	SUMMARY_NUMBER("median", stats.median),
	SUMMARY_NUMBER("q3", stats.q3),
	SUMMARY_NUMBER("max", stats.max),
	SUMMARY_NUMBER("mean", stats.mean),
	SUMMARY_NUMBER("sd", stats.sd),
	SUMMARY_NUMBER("iqr", stats.iqr),
	SUMMARY_NUMBER("cov", stats.cov),
	SUMMARY_NUMBER("whisker_low", stats.whisker_low),
	SUMMARY_NUMBER("whisker_high", stats.whisker_high),
	SUMMARY_COUNT("n_outliers", n_outliers),
	SUMMARY_NUMBER("median_ci_low", stats.median_ci_low),
	SUMMARY_NUMBER("median_ci_high", stats.median_ci_high),
	SUMMARY_NUMBER("median_ci_coverage", stats.median_ci_coverage),
	SUMMARY_COUNT("n_warmup", n_warmup),
};
const size_t summary_nr_columns = ARRAY_SIZE(summary_columns);

double summary_column_value(const struct group_summary *gsum, size_t column)
{
	const char *at = (const char *)gsum + summary_columns[column].offset;

	if (summary_columns[column].is_count)
		return (double)*(const size_t *)at;
	return *(const double *)at;
}
