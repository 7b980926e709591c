"""Pure domain: enums, fiscal years, validation and red-flag rules. No I/O, no Qt."""
