// ---
// jupyter:
//   jupytext:
//     text_representation:
//       extension: .cs
//       format_name: light
//       format_version: '1.5'
//       nbtools_format_version: '1'
//   kernelspec:
//     display_name: .NET (C#)
//     language: C#
//     name: .net-csharp
//   language_info:
//     file_extension: .cs
//     mimetype: text/x-csharp
//     name: C#
//     pygments_lexer: csharp
//     version: '13.0'
//   polyglot_notebook:
//     kernelInfo:
//       defaultKernelName: csharp
//       items:
//         - aliases: []
//           name: csharp
//         - aliases: []
//           name: fsharp
// ---

// # Edge cases written for NbTools
//
// A line ending in two spaces  
// next



// +
var x = 1;

// -

// +
   
// -

// +


var afterBlankLines = 1;
// -

var s = @"
// %% inside a verbatim string
";

// %% a comment that looks like a cell marker
var y = 2;

// // %% one that looks escaped already
  // %%
// In[3]:

// #!time
Thread.Sleep(1);

// + language="fsharp"
// let z = 3
// -

// #!csharp
var w = 4;

// + polyglot_notebook={"kernelName": "fsharp"}
let a = 1
// -

// Text with a fenced block:
//
// ```csharp
// var notCode = 1;
// ```

// para one
//
//
// para two after two blank lines

//

// + format="text/plain" active=""
// raw text
// <!-- #endraw -->?

// + tags=["parameters"]
var p = 5;
// -

// ends with a newline
//

%% a line with percent signs
%%time

// %% markdown that looks like a marker
// // %% and this too
// // #!csharp

// +
var q = 6;



