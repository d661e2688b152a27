#!/bin/sh
# Obviously fake, for the test: a literal password the check must see.
export DB_PASSWORD=fake-password-for-tests
