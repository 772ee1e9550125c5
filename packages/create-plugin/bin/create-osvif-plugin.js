#!/usr/bin/env node
// `npm init @osvif/plugin <dir>` runs this (npm maps the initializer to @osvif/create-plugin's bin).
'use strict';
require('../dist/main.js')
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
