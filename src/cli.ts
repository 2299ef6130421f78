#!/usr/bin/env node
console.log('fwsync: under construction');
