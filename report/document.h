#ifndef CRBENCH_DOCUMENT_H
#define CRBENCH_DOCUMENT_H

struct figure;

struct report_info {
	const char *run_id; /* basename of the run directory */
	const char *source; /* the summary the figures come from, named in the header */
};

/*
 * report.pdf: A4 pages whose content is IEEE double-column wide (7.16 in);
 * the first page starts with a short header (run id, date, how to read the
 * figures), then the panels in two columns, as many pages as needed.
 * Written atomically: a reader never sees half a PDF.
 */
int document_write_report(const struct figure *fig, const struct report_info *info,
			  const char *path);

/*
 * One PDF per panel, IEEE single-column wide (3.5 in), in `dir`, named
 * <application>-<metric>.pdf with characters unsafe in file names replaced.
 */
int document_write_figures(const struct figure *fig, const char *dir);

#endif
