#!/bin/sh
# A vault password script: its stdout is the password.
echo "group-vars-password"
