/* Unit tests of common/: strbuf, quoting, names, CSV, parameter parsing. */
#include "common/csv.h"
#include "common/names.h"
#include "common/quote.h"
#include "common/strbuf.h"
#include "common/strvec.h"
#include "common/xalloc.h"
#include "spec/params.h"
#include "tests/unit/scratch.h"
#include "tests/unit/tap.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void test_strbuf(void)
{
	struct strbuf sb = STRBUF_INIT;

	CHECK(sb.buf && sb.len == 0 && sb.buf[0] == '\0', "STRBUF_INIT is an empty string");
	for (int i = 0; i < 1000; i++)
		strbuf_addf(&sb, "%d,", i);
	CHECK(sb.len == strlen(sb.buf), "len matches strlen after growth");
	CHECK(!strncmp(sb.buf + sb.len - 4, "999,", 4), "appended text is intact");
	strbuf_release(&sb);
	CHECK(sb.len == 0 && sb.buf[0] == '\0', "release leaves an empty string");
}

static void test_quote(void)
{
	struct strbuf sb = STRBUF_INIT;
	const char *argv[] = {"a b", "it's", "$HOME;`x`", "", NULL};

	sq_quote_argv(&sb, argv);
	CHECK_STR(sb.buf, "'a b' 'it'\\''s' '$HOME;`x`' ''", "argv quoted for a POSIX shell");
	strbuf_release(&sb);
}

static void test_names(void)
{
	CHECK(!name_problem("runsc-ptrace_2"), "letters, digits, - and _ are fine");
	CHECK(name_problem(""), "empty name refused");
	CHECK(name_problem(".."), "'..' refused");
	CHECK(name_problem("a/b"), "'/' refused");
	CHECK(name_problem("a.b"), "'.' refused");
	CHECK(name_problem("-x"), "leading '-' refused");
}

static void test_csv(void)
{
	const char *text = "a,\"b,c\",\"say \"\"hi\"\"\"\r\n,\"multi\nline\",x\n";
	struct csv_reader r;
	struct strvec f = STRVEC_INIT;
	struct strbuf why = STRBUF_INIT, out = STRBUF_INIT;

	csv_reader_init(&r, text, strlen(text));
	CHECK(csv_read_record(&r, &f, &why) == 1 && f.nr == 3, "first record has 3 fields");
	CHECK_STR(f.v[2], "say \"hi\"", "doubled quotes are unescaped");
	CHECK(csv_read_record(&r, &f, &why) == 1 && r.line == 2, "second record starts on line 2");
	CHECK_STR(f.v[1], "multi\nline", "quoted newline kept");
	CHECK(csv_read_record(&r, &f, &why) == 0, "end of text");

	csv_reader_init(&r, "a,\"open\n", 8);
	CHECK(csv_read_record(&r, &f, &why) == -1, "unterminated quote is an error");

	csv_add_field(&out, "x,\"y\"");
	CHECK_STR(out.buf, "\"x,\"\"y\"\"\"", "field with comma and quotes is quoted");
	strbuf_reset(&out);
	csv_add_number(&out, 0.1);
	CHECK_STR(out.buf, "0.1", "0.1 written in its shortest form");
	strbuf_reset(&out);
	csv_add_number(&out, -1500);
	CHECK_STR(out.buf, "-1500", "round numbers written without exponent");
	strbuf_reset(&out);
	csv_add_number(&out, 1846.3456789012345);
	CHECK(strtod(out.buf, NULL) == 1846.3456789012345 && !strchr(out.buf, 'e'),
	      "long decimals round-trip without exponent");
	strbuf_reset(&out);
	csv_add_number(&out, 1e-9);
	CHECK(strtod(out.buf, NULL) == 1e-9, "tiny values round-trip");
	strbuf_reset(&out);
	csv_add_number(&out, NAN);
	CHECK_STR(out.buf, "NA", "NaN written as NA for R");
	strvec_clear(&f);
	strbuf_release(&why);
	strbuf_release(&out);
}

/* csv_add_number as it was before its integer path: printf and strtod, bisected. */
static int reads_back(char *buf, size_t size, const char *fmt, int precision, double value)
{
	snprintf(buf, size, fmt, precision, value);
	return strtod(buf, NULL) == value;
}

static void reference_number(char *buf, size_t size, double value)
{
	const char *fmt = "%.*f";
	int from = 0, to = 20;
	double magnitude = fabs(value);

	if (isnan(value) || !((magnitude >= 1e-4 && magnitude < 1e15) || magnitude == 0) ||
	    !reads_back(buf, size, fmt, to, value)) {
		fmt = "%.*g";
		from = 1;
		to = 17;
	}
	while (from < to) {
		int mid = from + (to - from) / 2;
		if (reads_back(buf, size, fmt, mid, value))
			to = mid;
		else
			from = mid + 1;
	}
	reads_back(buf, size, fmt, to, value);
}

static uint64_t next_random(uint64_t *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 7;
	*state ^= *state << 17;
	return *state;
}

/* A value of the kind `round` picks: any bits, short decimals, ties, powers of two. */
static double number_case(uint64_t *state, int round)
{
	uint64_t r = next_random(state);
	double sign = r & 1 ? -1 : 1;
	int shift = (int)(r >> 1 & 63);

	switch (round % 5) {
	case 0: /* any 53 bits, from below 1e-4 to above 1e15 */
		return sign * ldexp((double)(next_random(state) >> 11), (int)(r % 70) - 68);
	case 1: /* short decimals, as measurements are */
		return sign * (double)(next_random(state) % 10000000) /
		       pow(10, (double)(shift % 12));
	case 2: /* exact ties at the last decimals printed: quarters near 1e15 */
		return sign *
		       (ldexp(1, 49) + (double)(next_random(state) % (UINT64_C(1) << 40)) / 4);
	case 3: /* powers of two and their neighbours */
		return nextafter(ldexp(sign, shift - 14), (double)(r % 3) - 1);
	default: /* means of a few short decimals */
		return sign * ((double)(next_random(state) % 100000) / 7 + (double)(r % 1000) / 3);
	}
}

static void test_csv_number_paths(void)
{
	static const double edges[] = {1e-4,
				       9.99999999999999912e-05,
				       1e15,
				       999999999999999.875,
				       0.1,
				       0.3,
				       2.5,
				       0.5,
				       -0.0,
				       0,
				       1,
				       1e-5,
				       123456789012345.6};
	uint64_t state = 88172645463325252u;
	int differ = 0, cases = 0;
	char want[64];
	struct strbuf got = STRBUF_INIT;

	for (int round = 0; round < 300000 + (int)ARRAY_SIZE(edges); round++, cases++) {
		double v =
			round < (int)ARRAY_SIZE(edges) ? edges[round] : number_case(&state, round);
		strbuf_reset(&got);
		csv_add_number(&got, v);
		reference_number(want, sizeof(want), v);
		if (strcmp(got.buf, want) && differ++ < 5)
			printf("# %.17g: got %s, printf search %s\n", v, got.buf, want);
	}
	CHECK(!differ, "csv_add_number writes what the printf search wrote (%d of %d differ)",
	      differ, cases);
	strbuf_release(&got);
}

/* Every record's result, line and fields, one line each, until the end or an error. */
static void describe_records(struct csv_reader *r, struct csv_file *f, struct strbuf *out)
{
	struct csv_record rec = CSV_RECORD_INIT;
	struct strbuf why = STRBUF_INIT;
	int got;

	do {
		got = f ? csv_file_read_fields(f, &rec, &why) : csv_read_fields(r, &rec, &why);
		strbuf_addf(out, "%d@%d:%s", got, f ? f->r.line : r->line, why.buf);
		for (size_t i = 0; got > 0 && i < rec.nr; i++)
			strbuf_addf(out, "[%s]", rec.v[i]);
		strbuf_addch(out, '\n');
	} while (got > 0);
	csv_record_release(&rec);
	strbuf_release(&why);
}

/*
 * Lines without quotes take a quicker path than the others: both give the
 * records of RFC 4180 with CR only before LF or at the end of the text.
 */
static void test_csv_plain_lines(void)
{
	static const struct {
		const char *text, *want;
	} cases[] = {
		{"a,b\r\nc\rd,e\n\n,\n,,x\r",
		 "1@1:[a][b]|1@2:[c\rd][e]|1@3:[]|1@4:[][]|1@5:[][][x]|0@5:|"},
		{"a\rb\r\r\n\"q\"\r\nlast,", "1@1:[a\rb\r]|1@2:[q]|1@3:[last][]|0@3:|"},
	};
	int same = 1;

	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		struct strbuf got = STRBUF_INIT;
		struct csv_reader r;
		csv_reader_init(&r, cases[c].text, strlen(cases[c].text));
		describe_records(&r, NULL, &got);
		for (size_t i = 0; i < got.len; i++)
			if (got.buf[i] == '\n')
				got.buf[i] = '|';
		if (strcmp(got.buf, cases[c].want)) {
			same = 0;
			printf("# case %zu: got %s\n", c, got.buf);
		}
		strbuf_release(&got);
	}
	CHECK(same, "plain lines: lone CRs kept, CRLF and a final CR end records, empty fields");
}

/* A file read in pieces of any size reads as the whole text does. */
static void test_csv_file(void)
{
	static const char *const texts[] = {
		"h1,h2\na,\"b,c\"\r\n\"multi\nline \"\"q\"\"\n\",x\n\n\"\",y",
		"h\nok\nbad\"quote\nafter\n",
		"h\n\"x\"y\nz\n",
		"h\n\"never closed\nz\n",
		"",
	};
	char path[] = "/tmp/crbench-test-csv-XXXXXX";
	int fd = mkstemp(path), same = 1;

	for (size_t t = 0; t < sizeof(texts) / sizeof(texts[0]); t++) {
		struct strbuf whole = STRBUF_INIT, pieces = STRBUF_INIT;
		struct csv_reader r;
		FILE *out = fopen(path, "w");

		fputs(texts[t], out);
		fclose(out);
		csv_reader_init(&r, texts[t], strlen(texts[t]));
		describe_records(&r, NULL, &whole);
		for (size_t size = 1; size <= 17; size++) {
			struct csv_file f;
			csv_file_open(&f, path, READ_LIMIT_RECORDS);
			f.read_bytes = size < 17 ? size : (size_t)1 << 20;
			strbuf_reset(&pieces);
			describe_records(NULL, &f, &pieces);
			csv_file_close(&f);
			same &= !strcmp(whole.buf, pieces.buf);
		}
		strbuf_release(&whole);
		strbuf_release(&pieces);
	}
	CHECK(same, "a file read 1 to 16 bytes at a time gives the records of the whole text");
	close(fd);
	unlink(path);
}

/* What may never end, and what is over its limit, is refused and named. */
static void test_read_limits(void)
{
	char dir[] = "/tmp/crbench-test-read-XXXXXX";
	const struct read_limit small = {4, "the test"};
	struct strbuf sb = STRBUF_INIT, why = STRBUF_INIT, fifo = STRBUF_INIT;
	char *four, *five;
	struct csv_file f;

	if (!mkdtemp(dir))
		abort();
	four = scratch_write(dir, "four", "abcd");
	five = scratch_write(dir, "five", "abcde");
	CHECK(!read_file_why(four, &sb, small, &why) && sb.len == 4 && !why.len,
	      "a file of exactly the limit is read");
	CHECK(read_file_why(five, &sb, small, &why) < 0 &&
		      strstr(why.buf, "/five: larger than 4 bytes (the limit for the test)"),
	      "a file one byte over the limit is refused, named");
	strbuf_reset(&why);
	CHECK(read_file_why("/proc/self/status", &sb, small, &why) < 0 &&
		      !strcmp(why.buf,
			      "/proc/self/status: larger than 4 bytes (the limit for the test)"),
	      "bytes are counted as read: /proc files say they are empty");
	strbuf_reset(&why);
	CHECK(read_file_why("/dev/zero", &sb, READ_LIMIT_CONFIG, &why) < 0 &&
		      !strcmp(why.buf, "/dev/zero: not a regular file"),
	      "/dev/zero is refused");
	strbuf_reset(&why);
	strbuf_addf(&fifo, "%s/fifo", dir);
	CHECK(!mkfifo(fifo.buf, 0600) &&
		      read_file_why(fifo.buf, &sb, READ_LIMIT_CONFIG, &why) < 0 &&
		      strstr(why.buf, "/fifo: not a regular file"),
	      "a FIFO is refused without waiting for a writer");
	CHECK(csv_file_open(&f, "/dev/zero", READ_LIMIT_RECORDS) < 0,
	      "the CSV file reader refuses /dev/zero");
	csv_file_close(&f);
	strbuf_reset(&why);
	read_limit_describe(&why, READ_LIMIT_CONFIG);
	CHECK_STR(why.buf, "larger than 64 MiB (the limit for configuration files)",
		  "limits of whole MiB are said in MiB");
	remove_tree(dir);
	free(four);
	free(five);
	strbuf_release(&sb);
	strbuf_release(&why);
	strbuf_release(&fifo);
}

static void test_params(void)
{
	double v;

	CHECK(parse_duration("250ms", &v) == 0 && fabs(v - 0.25) < 1e-12, "250ms");
	CHECK(parse_duration("5m", &v) == 0 && v == 300, "5m");
	CHECK(parse_duration("5 parsecs", &v) < 0, "bad duration refused");
	CHECK(parse_size("2GiB", &v) == 0 && v == 2147483648.0, "2GiB");
	CHECK(parse_size("-1", &v) < 0, "negative size refused");
}

int main(void)
{
	test_strbuf();
	test_quote();
	test_names();
	test_csv();
	test_csv_file();
	test_csv_plain_lines();
	test_csv_number_paths();
	test_read_limits();
	test_params();
	return tap_done();
}
