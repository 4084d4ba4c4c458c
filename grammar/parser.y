/* parser.y - placeholder, to be written. */
%define api.pure full
%%
input: %empty ;
%%
