allowed_cidr = "192.0.2.0/28"
