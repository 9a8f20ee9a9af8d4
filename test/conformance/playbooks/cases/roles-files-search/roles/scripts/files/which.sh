#!/bin/sh
echo role files
