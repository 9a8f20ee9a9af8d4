#!/bin/sh
echo only playbook
