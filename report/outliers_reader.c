#include "report/outliers_reader.h"
#include "common/error.h"
#include "common/jsonfile.h"
#include "report/value_sets.h"

#include <jansson.h>

static const char *const key_names[VK_NKEYS] = {"host_type", "runtime", "application", "variant",
						"metric"};

static int add_group(const char *path, size_t index, json_t *group, struct value_sets *out)
{
	const char *key[VK_NKEYS];
	json_t *list = json_object_get(group, "outliers"), *v;
	struct value_set *set;
	size_t i;

	for (int k = 0; k < VK_NKEYS; k++) {
		key[k] = json_string_value(json_object_get(group, key_names[k]));
		if (!key[k])
			return error("%s: group %zu has no \"%s\"", path, index + 1, key_names[k]);
	}
	if (!json_is_array(list))
		return error("%s: group %zu has no \"outliers\" list", path, index + 1);
	set = value_sets_get(out, key, 1);
	json_array_foreach(list, i, v)
	{
		if (!json_is_number(v))
			return error("%s: group %zu: outlier %zu is not a number", path, index + 1,
				     i + 1);
		value_set_add(set, json_number_value(v));
	}
	return 0;
}

int outliers_read(const char *path, struct value_sets *out)
{
	json_t *root, *groups, *g;
	size_t i;
	int ret = 0;

	if (json_read_file(path, READ_LIMIT_DATA, &root) < 0)
		return -1;
	groups = json_object_get(root, "groups");
	if (!json_is_array(groups))
		ret = error("%s: no \"groups\" list", path);
	json_array_foreach(groups, i, g)
	{
		if (ret)
			break;
		ret = add_group(path, i, g, out);
	}
	json_decref(root);
	return ret;
}
