// Behavioural models of the Xilinx LUT1..LUT6, LUT6_2 and CARRY4 primitives, written by lutc for simulation
// only (Verilator, Icarus). Synthesis for Xilinx uses the tool's own cells instead of this file.
// INIT bit r is the output when the inputs {I5,...,I0} carry the number r (I0 least significant).
/* verilator lint_off DECLFILENAME */
`default_nettype none

module LUT1 #(parameter [1:0] INIT = 2'h0) (output wire O, input wire I0);
  assign O = INIT[I0];
endmodule

module LUT2 #(parameter [3:0] INIT = 4'h0) (output wire O, input wire I0, input wire I1);
  assign O = INIT[{I1, I0}];
endmodule

module LUT3 #(parameter [7:0] INIT = 8'h00) (output wire O, input wire I0, input wire I1, input wire I2);
  assign O = INIT[{I2, I1, I0}];
endmodule

module LUT4 #(parameter [15:0] INIT = 16'h0000)
    (output wire O, input wire I0, input wire I1, input wire I2, input wire I3);
  assign O = INIT[{I3, I2, I1, I0}];
endmodule

module LUT5 #(parameter [31:0] INIT = 32'h00000000)
    (output wire O, input wire I0, input wire I1, input wire I2, input wire I3, input wire I4);
  assign O = INIT[{I4, I3, I2, I1, I0}];
endmodule

module LUT6 #(parameter [63:0] INIT = 64'h0000000000000000)
    (output wire O, input wire I0, input wire I1, input wire I2, input wire I3, input wire I4, input wire I5);
  assign O = INIT[{I5, I4, I3, I2, I1, I0}];
endmodule

// LUT6_2: one LUT6 site with two outputs: O6 the 6-input function, O5 the lower half of INIT on
// I0..I4 (lutc ties I5 to 1, so O6 and O5 are two 5-input functions of the same inputs).
module LUT6_2 #(parameter [63:0] INIT = 64'h0000000000000000)
    (output wire O6, output wire O5, input wire I0, input wire I1, input wire I2, input wire I3, input wire I4,
     input wire I5);
  assign O6 = INIT[{I5, I4, I3, I2, I1, I0}];
  assign O5 = INIT[{1'b0, I4, I3, I2, I1, I0}];
endmodule

// MUXF7 / MUXF8: the slice's wide-function multiplexers (O = S ? I1 : I0), fed by two LUT6 outputs
// (MUXF7) or two MUXF7 outputs (MUXF8).
module MUXF7 (output wire O, input wire I0, input wire I1, input wire S);
  assign O = S ? I1 : I0;
endmodule

module MUXF8 (output wire O, input wire I0, input wire I1, input wire S);
  assign O = S ? I1 : I0;
endmodule

// CARRY4: four carry-chain bits. The chain's carry-in is CI | CYINIT (CI from the previous
// CARRY4, CYINIT a constant at the chain's start); each bit passes the carry when S is 1, else DI.
module CARRY4 (output wire [3:0] CO, output wire [3:0] O, input wire CI, input wire CYINIT, input wire [3:0] DI,
               input wire [3:0] S);
  wire c0 = CI | CYINIT;
  wire c1 = S[0] ? c0 : DI[0];
  wire c2 = S[1] ? c1 : DI[1];
  wire c3 = S[2] ? c2 : DI[2];
  wire c4 = S[3] ? c3 : DI[3];
  assign CO = {c4, c3, c2, c1};
  assign O = S ^ {c3, c2, c1, c0};
endmodule

`default_nettype wire
