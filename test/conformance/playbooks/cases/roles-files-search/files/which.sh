#!/bin/sh
echo playbook files
