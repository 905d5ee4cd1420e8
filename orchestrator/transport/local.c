#include "orchestrator/transport.h"

const struct transport_ops transport_local = {
	.name = "local",
};
